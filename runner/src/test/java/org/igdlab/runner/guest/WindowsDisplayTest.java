package org.igdlab.runner.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowsDisplayTest {

    @Test
    void readsTheAdaptersVideoControllersAndMonitors() {
        WindowsDisplay d = WindowsDisplay.parse("""
                {"displayAdapters":[{"Name":"Intel(R) UHD Graphics 630","PNPDeviceID":"PCI\\\\VEN_8086&DEV_3E92&SUBSYS_00000000&REV_00\\\\3&267A616A&0&10","Status":"OK","ConfigManagerErrorCode":0}],
                 "videoControllers":[{"Name":"Intel(R) UHD Graphics 630","PNPDeviceID":"PCI\\\\VEN_8086&DEV_3E92","Status":"OK","ConfigManagerErrorCode":0,"CurrentHorizontalResolution":1920,"CurrentVerticalResolution":1080}],
                 "monitors":[{"InstanceName":"DISPLAY\\\\IGD0001\\\\4&1a2b3c4d&0&UID4352_0","Active":true,"UserFriendlyName":"DELL U2419H"}]}
                """);

        assertThat(d.intelAdapter()).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo("OK");
            assertThat(a.problemCode()).isZero();
        });
        assertThat(d.videoControllers().get(0).width()).hasValue(1920);
        assertThat(d.activeMonitors()).extracting(WindowsDisplay.Monitor::name).containsExactly("DELL U2419H");
    }

    @Test
    void takesConvertToJsonsBareObjectForAOneElementListAndNullForNone() {
        // ConvertTo-Json prints a one-element list as the element itself, an empty one as null
        WindowsDisplay d = WindowsDisplay.parse("""
                {"displayAdapters":{"Name":"Intel(R) UHD Graphics 620","PNPDeviceID":"PCI\\\\VEN_8086&DEV_5917","Status":"Error","ConfigManagerErrorCode":43},
                 "videoControllers":{"Name":"Intel(R) UHD Graphics 620","PNPDeviceID":"PCI\\\\VEN_8086&DEV_5917","Status":"Error","ConfigManagerErrorCode":43,"CurrentHorizontalResolution":null},
                 "monitors":null}
                """);

        assertThat(d.intelAdapter()).hasValueSatisfying(a -> assertThat(a.problemCode()).isEqualTo(43));
        assertThat(d.videoControllers().get(0).width()).isEmpty();
        assertThat(d.monitors()).isEmpty();
    }

    @Test
    void anAdapterThatIsNotIntelIsNotTheIgd() {
        WindowsDisplay d = WindowsDisplay.parse("""
                {"displayAdapters":[{"Name":"Microsoft Basic Display Adapter","PNPDeviceID":"PCI\\\\VEN_1234&DEV_1111","Status":"OK","ConfigManagerErrorCode":0}]}
                """);

        assertThat(d.adapters()).hasSize(1);
        assertThat(d.intelAdapter()).isEmpty();
    }

    @Test
    void textThatIsNotTheQuerysJsonIsRefusedWithWhatWasPrinted() {
        assertThatThrownBy(() -> WindowsDisplay.parse("Get-CimInstance : Access denied"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no JSON")
                .hasMessageContaining("Access denied");
        assertThatThrownBy(() -> WindowsDisplay.parse("[1, 2]"))
                .hasMessageContaining("expected an object {displayAdapters, videoControllers, monitors}");
    }

    @Test
    void anAdapterWithoutItsProblemCodeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> WindowsDisplay.parse("""
                {"displayAdapters":[{"Name":"Intel","PNPDeviceID":"PCI\\\\VEN_8086&DEV_3E92","Status":"OK"}]}
                """)).hasMessageContaining("ConfigManagerErrorCode").hasMessageContaining("displayAdapters");
    }
}

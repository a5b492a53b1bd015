package org.igdlab.twin.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.igdlab.twin.guest.GuestAgent;

/**
 * The host end of the `org.qemu.guest_agent.0` virtserialport: requests wait until the guest
 * has booted (the agent is not running before), and are never answered if the VM stops first.
 */
final class GuestAgentChardev implements StreamEndpoint {
    private final GuestAgent agent;
    private final ObjectMapper json;

    GuestAgentChardev(GuestAgent agent, ObjectMapper json) {
        this.agent = agent;
        this.json = json;
    }

    /** The guest behind this port. */
    GuestAgent agent() {
        return agent;
    }

    @Override
    public void serve(InputStream fromClient, OutputStream toClient) throws IOException {
        JsonStream stream = new JsonStream(json, fromClient, toClient);
        while (true) {
            Optional<JsonNode> request = stream.read();
            if (request.isEmpty()) return;
            try {
                while (!agent.guest().awaitBoot(100, TimeUnit.MILLISECONDS)) {
                    if (agent.guest().hasHalted()) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (request.get().path("execute").asText("").equals("guest-sync-delimited")) stream.writeRaw((byte) 0xff);
            stream.write(agent.handle(request.get()));
        }
    }
}

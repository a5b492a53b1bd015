package org.igdlab.runner.run;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * The lab cells of a run as TestNG tests: one data-provider row per cell, run in parallel with
 * one thread per host (each host still works on one cell at a time). allure-testng turns each
 * row into an Allure test; the launcher's listeners give progress and JUnit XML.
 *
 * <p>Public only because TestNG instantiates it; it is not an API.
 */
public class LabCells {

    @DataProvider(name = "cells", parallel = true)
    public Object[][] cells() {
        return RunHandoff.current().rows().stream().map(id -> new Object[] {id}).toArray(Object[][]::new);
    }

    @Test(dataProvider = "cells", description = "lab cell")
    public void cell(String cell) {
        RunHandoff.current().runCell(cell);
    }
}

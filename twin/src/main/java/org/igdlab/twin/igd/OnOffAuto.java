package org.igdlab.twin.igd;

public enum OnOffAuto { ON, OFF, AUTO }

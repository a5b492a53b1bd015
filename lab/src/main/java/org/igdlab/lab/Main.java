package org.igdlab.lab;

public final class Main {
    public static void main(String[] args) { }
}

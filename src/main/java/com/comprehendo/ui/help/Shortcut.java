package com.comprehendo.ui.help;

/**
 * One row of the keyboard-shortcut sheet.
 *
 * @param keys the keys or gesture, as the platform shows them (e.g. "Ctrl+E", "Double-click")
 * @param action what it does
 * @param where where it works ("File", "Dataset grid", …)
 */
public record Shortcut(String keys, String action, String where) {}

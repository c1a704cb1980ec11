/**
 * The headless commands ({@code attribute}, {@code render}, {@code predict}, {@code bench}) on picocli.
 * Wrong arguments exit with code 2 and a message naming the argument; failures of the work exit with 1;
 * nothing partial is written. Only this package writes to the console.
 */
package com.comprehendo.cli;

/**
 * The bottom of the layers: process-wide settings that every entry point (the command line, the
 * explorer, {@code mvn javafx:run}) applies the same way, such as keeping DJL offline.
 */
package com.comprehendo.platform;

/**
 * The bottom of the layers, usable by every other: process-wide settings that every entry point (the
 * command line, the explorer, {@code mvn javafx:run}) applies the same way, such as keeping DJL
 * offline; the one way files are written ({@link com.comprehendo.platform.AtomicFiles}: all or
 * nothing, only over regular files, errors that name their cause); the one JSON configuration
 * ({@link com.comprehendo.platform.Json}); and what this build is ({@link
 * com.comprehendo.platform.BuildInfo}).
 */
package com.comprehendo.platform;

/**
 * Background work for the explorer (JabRef's pattern): a {@link com.comprehendo.ui.task.BackgroundTask}
 * describes work and its UI callbacks; a {@link com.comprehendo.ui.task.TaskExecutor} runs it. {@link
 * com.comprehendo.ui.task.UiTaskExecutor} uses one daemon thread and delivers callbacks on the FX
 * thread; {@link com.comprehendo.ui.task.CurrentThreadTaskExecutor} runs synchronously for tests.
 */
package com.comprehendo.ui.task;

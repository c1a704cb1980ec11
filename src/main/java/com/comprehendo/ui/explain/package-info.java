/**
 * The "Explain" panel: predictions, the target class, the method with its parameter editor and cost
 * estimate, Run/Cancel with progress, and the convergence check.
 */
package com.comprehendo.ui.explain;

/**
 * The explorer's access to the engine, free of JavaFX: an {@link com.comprehendo.analysis.Explainer}
 * (predict, attribute one image), a {@link com.comprehendo.ui.service.ModelSession} with the result
 * cache, and the {@link com.comprehendo.ui.service.MethodCatalog} of methods and their Captum-named
 * parameters.
 */
package com.comprehendo.ui.service;

/**
 * The explorer's access to the engine, free of JavaFX: an {@link com.comprehendo.analysis.Explainer}
 * (predict, attribute one image), a {@link com.comprehendo.ui.service.ModelSession} with the result
 * cache, and the configured method ({@link com.comprehendo.ui.service.MethodChoice}), described by the
 * {@link com.comprehendo.attribution.MethodRegistry}.
 */
package com.comprehendo.ui.service;

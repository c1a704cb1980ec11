/**
 * The heat map: display settings shared by all views (visualization method, sign, colormap, alpha,
 * outliers), rendering from cached attributions, the zoomable image view with its hover readout, and
 * the colour bar.
 */
package com.comprehendo.ui.heatmap;

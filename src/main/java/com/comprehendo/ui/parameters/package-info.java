/**
 * A method's Captum-named parameters as editable fields ({@link
 * com.comprehendo.ui.parameters.ParameterForm}, {@link com.comprehendo.ui.parameters.ParameterField})
 * and their editor ({@link com.comprehendo.ui.parameters.ParameterEditor}), read from the method
 * registry: shared by the Explain panel's settings and the gallery's, below both feature packages.
 */
package com.comprehendo.ui.parameters;

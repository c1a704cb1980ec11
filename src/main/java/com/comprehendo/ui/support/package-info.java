/**
 * Helpers of the explorer without UI: image decoding and preprocessing (a stand-in for the data layer),
 * folder scanning, recent files, user-facing error messages, notices, number formats and the PNG figure
 * composer used by exports.
 */
package com.comprehendo.ui.support;

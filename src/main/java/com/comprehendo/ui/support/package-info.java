/**
 * Helpers of the explorer without UI: image decoding and preprocessing (a stand-in for the data layer),
 * folder scanning, recent files, user-facing error messages, notices, number formats and the PNG figure
 * composer used by exports; and what every feature package shares: the image being explained ({@link
 * com.comprehendo.ui.support.CurrentImage}), the style classes and the node ids that views set and tests
 * look up.
 */
package com.comprehendo.ui.support;

/** The sidebar: the opened folder's images with lazily loaded thumbnails, a filter and the selection. */
package com.comprehendo.ui.images;

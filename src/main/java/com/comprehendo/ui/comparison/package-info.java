/** Side-by-side panels for one image: several methods, or several classes, optionally on one shared scale. */
package com.comprehendo.ui.comparison;

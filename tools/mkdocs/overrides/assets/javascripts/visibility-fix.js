/*
 * A fix for Material 8.2.5: code annotations (and the copy button) never
 * appeared in a code block taller than the window unless it was on screen
 * when the page loaded.
 *
 * The theme sets up a code block "on first sight", with an
 * IntersectionObserver whose only threshold is 1: it reports a change when
 * the block becomes wholly visible. A block taller than the window never
 * does, so scrolling to it reports nothing, and its (1) markers stay text.
 * The pool and connection chapters' struct listings are such blocks, on a
 * phone and on a laptop screen alike. Found by tools/sitetest
 * (pages_test.go scrolls to the first annotated block and opens a note).
 *
 * This wraps IntersectionObserver before the theme's bundle runs: an
 * observer asking for threshold 1 alone also hears about threshold 0, the
 * moment any part of the element comes into view, which is the "first
 * sight" the theme means. Other observers are left as they are.
 */
(function () {
  "use strict";
  var Native = window.IntersectionObserver;
  if (typeof Native !== "function")
    return;
  function Observer(callback, options) {
    if (options && options.threshold === 1)
      options = Object.assign({}, options, { threshold: [0, 1] });
    return new Native(callback, options);
  }
  Observer.prototype = Native.prototype;
  window.IntersectionObserver = Observer;
})();

/* The script of a redirect stub (/q/ENC-038/, a renamed page's old address): goes to the stub's target keeping the
   #fragment of the address it was reached by, which the stub's meta refresh drops (/q/ENC-038/#how-to-enable-it
   lands on that section). The target is the stub's own, in its data-target; without JavaScript the refresh
   still redirects, to the top of the page. A same-origin file: the site's CSP allows no inline script. */
"use strict";
(function () {
  var script = document.currentScript;
  var target = script && script.getAttribute("data-target");
  if (!target) return;
  var url = new URL(target, location.href);
  if (location.hash && !url.hash) url.hash = location.hash;
  location.replace(url.href);
})();

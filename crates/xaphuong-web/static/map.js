// The public list's map, drawn only where the deployment names its own
// tile server (--map-tiles): a 3×3 block of tiles around the reports'
// centre at zoom 16, each report a marker linking to its page.
(function () {
  var map = document.getElementById('map');
  if (!map) return;
  var template = map.getAttribute('data-tiles');
  var markers = Array.prototype.slice.call(map.querySelectorAll('.marker'));
  if (!template || markers.length === 0) { map.hidden = true; return; }
  var zoom = 16, size = 256, n = Math.pow(2, zoom);
  function world(lat, lon) {
    var r = lat * Math.PI / 180;
    return [(lon + 180) / 360 * n * size,
      (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n * size];
  }
  var points = markers.map(function (m) {
    return world(parseFloat(m.getAttribute('data-lat')), parseFloat(m.getAttribute('data-long')));
  });
  var cx = points.reduce(function (a, p) { return a + p[0]; }, 0) / points.length;
  var cy = points.reduce(function (a, p) { return a + p[1]; }, 0) / points.length;
  var tx = Math.floor(cx / size), ty = Math.floor(cy / size);
  var left = (tx - 1) * size, top = (ty - 1) * size;
  map.style.position = 'relative';
  map.style.width = 3 * size + 'px';
  map.style.height = 3 * size + 'px';
  map.style.overflow = 'hidden';
  for (var dx = -1; dx <= 1; dx++) {
    for (var dy = -1; dy <= 1; dy++) {
      var img = document.createElement('img');
      img.alt = '';
      img.src = template.replace('{z}', zoom).replace('{x}', tx + dx).replace('{y}', ty + dy);
      img.style.position = 'absolute';
      img.style.left = (dx + 1) * size + 'px';
      img.style.top = (dy + 1) * size + 'px';
      map.insertBefore(img, map.firstChild);
    }
  }
  markers.forEach(function (m, i) {
    m.style.position = 'absolute';
    m.style.left = (points[i][0] - left) + 'px';
    m.style.top = (points[i][1] - top) + 'px';
  });
})();

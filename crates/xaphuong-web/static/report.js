// The report form: fill the coordinates from the phone's position when
// the reporter asks. Nothing is sent anywhere but in the form itself.
(function () {
  var button = document.getElementById('locate');
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById('lat').value = pos.coords.latitude.toFixed(6);
      document.getElementById('long').value = pos.coords.longitude.toFixed(6);
      button.disabled = false;
    }, function () {
      button.disabled = false;
      button.textContent = 'Không lấy được vị trí; hãy ghi địa điểm';
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();

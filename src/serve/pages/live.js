// Reloads the page when a file of the event changes (server-sent events).
(function () {
  var shown = document.body.dataset.generation;
  var source = new EventSource("/events");
  source.onmessage = function (event) {
    if (event.data !== shown) { location.reload(); }
  };
})();

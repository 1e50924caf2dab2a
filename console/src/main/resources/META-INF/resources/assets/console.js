// gitops-flow console: live updates, the only script. A region with data-live (a server-sent events URL) and
// data-fragment (the URL of its HTML) is fetched again whenever the read model changes what it shows. The pages are
// complete without it; it adds no content of its own (textContent and server-escaped HTML only).
(function () {
  'use strict';

  function follow(region) {
    var busy = false;
    var again = false;

    function refresh() {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      fetch(region.dataset.fragment, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (answer) {
          if (!answer.ok) {
            throw new Error('HTTP ' + answer.status);
          }
          return answer.text();
        })
        .then(function (html) {
          region.innerHTML = html;
          region.dataset.updated = String(Date.now());
          region.removeAttribute('aria-busy');
        })
        .catch(function (failure) {
          region.setAttribute('data-stale', failure.message);
        })
        .finally(function () {
          busy = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    }

    var source = new EventSource(region.dataset.live, { withCredentials: true });
    var opened = false;
    source.onmessage = refresh;
    source.onopen = function () {
      // after a reconnect the page may have missed changes: fetch it once
      if (opened) {
        refresh();
      }
      opened = true;
      region.setAttribute('data-live-state', 'open');
    };
    source.onerror = function () {
      region.setAttribute('data-live-state', 'reconnecting');
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live][data-fragment]').forEach(follow);
  });
})();

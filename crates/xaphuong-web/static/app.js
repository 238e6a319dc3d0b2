// The little the pages do in the browser, kept out of the pages themselves
// so that the Content-Security-Policy can forbid inline script.
'use strict';

// A form with data-confirm asks before it is sent (deleting a record).
document.addEventListener('submit', (e) => {
  const message = e.target.dataset ? e.target.dataset.confirm : undefined;
  if (message && !window.confirm(message)) e.preventDefault();
});

// A link with data-print prints the page (the papers of forms 01–04).
document.addEventListener('click', (e) => {
  const link = e.target.closest ? e.target.closest('[data-print]') : null;
  if (link) {
    e.preventDefault();
    window.print();
  }
});

// A link with data-back returns to the page before (its address, the home
// page, serves when there is none).
document.addEventListener('click', (e) => {
  const link = e.target.closest ? e.target.closest('[data-back]') : null;
  if (link && window.history.length > 1) {
    e.preventDefault();
    window.history.back();
  }
});

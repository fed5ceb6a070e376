/**
 * The web widget's script, served at `/widget.js`. Plain ES5 JavaScript: no eval, no inline style
 * sheet, no cookie; it posts with `credentials: 'omit'`. Kept as a string so the build ships it.
 */
import { SCALE_TEXT, SCORE_RANGE } from '../pages/render';

/** The widget's own words; the scales' words and ranges are the survey page's. */
const UI = {
  it: {
    region: 'Il tuo parere',
    optional: 'facoltativo',
    failed: 'Invio non riuscito. Riprova.',
    retry: 'Riprova',
    sending: 'Invio in corso…',
    close: 'Chiudi',
    ...SCALE_TEXT.it,
  },
  en: {
    region: 'Your feedback',
    optional: 'optional',
    failed: 'Sending failed. Please try again.',
    retry: 'Try again',
    sending: 'Sending…',
    close: 'Close',
    ...SCALE_TEXT.en,
  },
};

export const WIDGET_JS = String.raw`/* Continuum web widget: one question, one tap, an optional comment. No cookies, no eval, no inline
   style sheet (styles are set through the CSSOM, which a strict CSP allows). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var key = script.getAttribute('data-key') || '';
  var touchpoint = script.getAttribute('data-touchpoint') || '';
  var lang = (script.getAttribute('data-lang') || document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
  if (lang !== 'it' && lang !== 'en') lang = 'en';
  var base = new URL(script.src, document.baseURI).origin;
  var UI = ${JSON.stringify(UI)}[lang];
  var EMOJI = [['angry', '\uD83D\uDE21'], ['sad', '\uD83D\uDE41'], ['neutral', '\uD83D\uDE10'], ['happy', '\uD83D\uDE42'], ['love', '\uD83D\uDE0D']];
  var RANGE = ${JSON.stringify(SCORE_RANGE)};

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = [];
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') + '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
  }
  var uid = 'cxw-' + uuid().slice(0, 8);

  function el(tag, style, attrs, text) {
    var e = document.createElement(tag);
    var k;
    for (k in style) e.style.setProperty(k, style[k]);
    for (k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function post(path, body) {
    return fetch(base + path + '?key=' + encodeURIComponent(key), {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j && j.detail ? j.detail : 'HTTP ' + r.status);
        return j;
      });
    });
  }

  var box = el('section', {
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    'font-size': '16px',
    'line-height': '1.4',
    color: '#1b1b1f',
    background: '#ffffff',
    border: '2px solid #1d4ed8',
    'border-radius': '12px',
    padding: '16px',
    'max-width': '26rem',
    'box-sizing': 'border-box'
  }, { 'aria-label': UI.region, 'data-continuum-widget': '' });
  var status = el('p', { margin: '8px 0 0', 'min-height': '1.2em' }, { role: 'status', 'aria-live': 'polite' });

  function render(form) {
    var submission = uuid();
    var fieldset = el('fieldset', { border: '0', margin: '0', padding: '0' });
    var legend = el('legend', { 'font-weight': '700', 'font-size': '1.05rem', padding: '0', 'margin-bottom': '10px' }, {}, form.question.text);
    fieldset.appendChild(legend);
    var comment = null;
    if (form.comment) {
      var label = el('label', { display: 'block', 'font-weight': '600', margin: '0 0 4px' }, { 'for': uid + '-c' }, form.comment.text + ' (' + UI.optional + ')');
      comment = el('textarea', {
        width: '100%', 'box-sizing': 'border-box', font: 'inherit', padding: '6px', border: '2px solid #5c5c6b', 'border-radius': '8px', 'margin-bottom': '10px'
      }, { id: uid + '-c', name: 'comment', rows: '2', maxlength: String(form.comment.maxLength) });
      fieldset.appendChild(label);
      fieldset.appendChild(comment);
    }
    var q = form.question.type;
    var choices = [];
    if (q === 'emoji') {
      for (var i = 0; i < EMOJI.length; i++) choices.push({ value: EMOJI[i][0], text: EMOJI[i][1], label: UI.emoji[EMOJI[i][0]] });
    } else {
      var lo = RANGE[q][0], hi = RANGE[q][1], words = UI.lowHigh[q];
      for (var n = lo; n <= hi; n++)
        choices.push({ value: n, text: String(n), label: n === lo ? n + ' \u2013 ' + words[0] : n === hi ? n + ' \u2013 ' + words[1] : String(n) });
    }
    var row = el('div', { display: 'flex', 'flex-wrap': 'wrap', gap: '4px' }, { role: 'group', 'aria-label': form.question.text });
    var buttons = [];
    choices.forEach(function (c) {
      var b = el('button', {
        'min-width': '2.5rem', 'min-height': '2.75rem', flex: '1 0 2.5rem', font: 'inherit', 'font-weight': '700',
        border: '2px solid #1d4ed8', 'border-radius': '8px', background: '#ffffff', color: '#1d3a8a', cursor: 'pointer'
      }, { type: 'button', 'aria-label': c.label, 'data-score': String(c.value) }, c.text);
      b.addEventListener('click', function () { send(c.value); });
      buttons.push(b);
      row.appendChild(b);
    });
    fieldset.appendChild(row);
    if (q !== 'emoji') {
      var scale = el('p', { display: 'flex', 'justify-content': 'space-between', 'font-size': '.8rem', color: '#4a4a55', margin: '4px 0 0' }, { 'aria-hidden': 'true' });
      scale.appendChild(el('span', {}, {}, UI.lowHigh[q][0]));
      scale.appendChild(el('span', {}, {}, UI.lowHigh[q][1]));
      fieldset.appendChild(scale);
    }
    box.appendChild(fieldset);
    box.appendChild(status);

    function send(score) {
      buttons.forEach(function (b) { b.disabled = true; });
      status.textContent = UI.sending;
      var body = { submissionId: submission, touchpoint: touchpoint, survey: form.survey, version: form.version, lang: lang, score: score };
      if (comment && comment.value.trim() !== '') body.comment = comment.value;
      post('/widget/v1/answers', body).then(function () {
        while (box.firstChild) box.removeChild(box.firstChild);
        var done = el('p', { 'font-weight': '700', margin: '0' }, { tabindex: '-1', 'data-done': '' }, form.thankYou);
        box.appendChild(done);
        done.focus();
      }, function (err) {
        // The same submission id on a retry: the answer is kept once whatever reached the server.
        status.textContent = UI.failed + ' (' + err.message + ')';
        buttons.forEach(function (b) { b.disabled = false; });
      });
    }
  }

  function start() {
    var target = script.getAttribute('data-target');
    var host = target ? document.querySelector(target) : null;
    if (!host) {
      box.style.setProperty('position', 'fixed');
      box.style.setProperty('right', '16px');
      box.style.setProperty('bottom', '16px');
      box.style.setProperty('z-index', '2147483000');
      box.style.setProperty('box-shadow', '0 4px 16px rgba(0,0,0,.2)');
      box.style.setProperty('width', 'calc(100% - 32px)');
    }
    (host || document.body).appendChild(box);
    post('/widget/v1/form', { touchpoint: touchpoint, lang: lang }).then(render, function (err) {
      box.setAttribute('data-error', err.message);
      box.style.setProperty('display', 'none');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;

// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // Count one read of the story (bots and prefetches are filtered on the server).
  function sendReadBeacon() {
    var story = document.querySelector("[data-read-beacon]");
    if (!story || document.visibilityState === "prerender") return;
    var url = story.getAttribute("data-read-beacon");
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }

  // Staff contact addresses arrive XOR-encoded so harvesters cannot read them.
  function revealEmails() {
    var nodes = document.querySelectorAll(".protected-email[data-email]");
    Array.prototype.forEach.call(nodes, function (node) {
      var hex = node.getAttribute("data-email");
      var key = parseInt(hex.substr(0, 2), 16);
      var bytes = [];
      for (var i = 2; i < hex.length; i += 2) {
        bytes.push(parseInt(hex.substr(i, 2), 16) ^ key);
      }
      var address = new TextDecoder().decode(new Uint8Array(bytes));
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      node.textContent = "";
      node.appendChild(link);
    });
  }

  // "Reply" moves the form under the comment instead of reloading the page; without
  // JavaScript the link's ?replyto= address does the same on the server.
  function enhanceReplyLinks() {
    var respond = document.getElementById("respond");
    var form = respond && respond.querySelector("form");
    if (!form || !form.elements.parent) return;
    var home = document.createElement("div");
    respond.parentNode.insertBefore(home, respond);
    var note = respond.querySelector(".replying-to");
    var nameSlot = note && note.querySelector("[data-reply-name]");
    var cancel = note && note.querySelector("[data-cancel-reply]");
    var lastLink = null;

    function replyTo(link) {
      var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
      if (!comment) return false;
      comment.querySelector(".comment-body").after(respond);
      form.elements.parent.value = link.getAttribute("data-reply-to");
      if (nameSlot) nameSlot.textContent = link.getAttribute("data-reply-name");
      if (note) note.hidden = false;
      lastLink = link;
      var first = form.querySelector("input:not([type=hidden]):not([tabindex='-1']), textarea");
      if (first) first.focus();
      return true;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("[data-reply-to]");
      if (link && replyTo(link)) event.preventDefault();
    });
    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        home.after(respond);
        form.elements.parent.value = "";
        note.hidden = true;
        if (lastLink) lastLink.focus();
      });
    }
  }

  // A form's token was stamped when the page was made, and caches share that page with
  // every reader, so it cannot say when this reader got the form. When the reader starts
  // on the form, ask for a token of their own (never cached); a post waits for it. If it
  // cannot be had, the form goes with the page's token and the server asks for one more
  // press, as it does for readers without JavaScript.
  function freshenFormTokens() {
    if (!window.fetch) return;
    var inputs = document.querySelectorAll("input[data-fresh-token]");
    Array.prototype.forEach.call(inputs, function (input) {
      var form = input.form;
      if (!form) return;
      var pending = null;
      var ready = false;

      function freshen() {
        if (!pending) {
          pending = fetch(input.getAttribute("data-fresh-token"), {
            credentials: "omit",
            cache: "no-store",
            headers: { Accept: "application/json" },
          })
            .then(function (response) {
              if (!response.ok) throw new Error("HTTP " + response.status);
              return response.json();
            })
            .then(function (data) {
              input.value = data.token;
            })
            .catch(function () {});
        }
        return pending;
      }

      form.addEventListener("focusin", freshen);
      form.addEventListener("submit", function (event) {
        if (ready) return;
        event.preventDefault();
        // Registered first: nothing else (the subscribe box's own sending) acts on this
        // submit; it acts on the one made once the token is here.
        event.stopImmediatePropagation();
        freshen().then(function () {
          ready = true;
          // After this submit event has finished: a form does not submit again from
          // inside its own submit event, and an already fetched token resolves at once.
          window.setTimeout(function () {
            if (form.requestSubmit) form.requestSubmit();
            else form.submit();
          }, 0);
        });
      });
    });
  }

  // The subscribe box answers in place; without JavaScript (or if the request fails)
  // the form posts as usual and the server answers with a page.
  function enhanceSubscribeForms() {
    var forms = document.querySelectorAll("form[data-subscribe]");
    if (!window.fetch || !window.FormData) return;
    Array.prototype.forEach.call(forms, function (form) {
      var status = form.querySelector("[data-subscribe-status]");
      var button = form.querySelector("button[type=submit]");
      var email = form.elements.email;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (button) button.disabled = true;
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "omit",
        })
          .then(function (response) {
            return response.json().then(function (data) {
              var messages = [];
              Object.keys(data.errors || {}).forEach(function (name) {
                messages = messages.concat(data.errors[name]);
              });
              status.textContent = data.ok ? data.message : messages.join(" ");
              status.classList.toggle("is-error", !data.ok);
              if (email) email.setAttribute("aria-invalid", data.errors && data.errors.email ? "true" : "false");
              if (data.ok && email) email.value = "";
              if (!data.ok && email && data.errors && data.errors.email) email.focus();
            });
          })
          .catch(function () {
            form.submit();
          })
          .then(function () {
            if (button) button.disabled = false;
          });
      });
    });
  }

  // The submission form: show the chosen photo, ask for its description, and say at once
  // when a photo is over the size limit instead of after a long upload.
  function enhancePhotoField() {
    var input = document.querySelector("input[type=file][data-max-bytes]");
    if (!input || !window.FileReader) return;
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var note = document.createElement("p");
    note.className = "help photo-note";
    note.setAttribute("role", "status");
    input.after(note);
    var preview = document.createElement("img");
    preview.className = "photo-preview";
    preview.alt = "The photo you chose";
    preview.hidden = true;
    note.after(preview);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      preview.hidden = true;
      note.textContent = "";
      if (!file) return;
      if (max && file.size > max) {
        note.textContent = "This photo is " + (file.size / 1048576).toFixed(1) + " MB; the limit is " +
          Math.round(max / 1048576) + " MB. Please choose a smaller one.";
        input.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        preview.src = reader.result;
        preview.hidden = false;
      };
      reader.readAsDataURL(file);
      note.textContent = "Now describe the photo below, for readers who cannot see it.";
    });
  }

  function ready() {
    freshenFormTokens();
    revealEmails();
    enhanceReplyLinks();
    enhanceSubscribeForms();
    enhancePhotoField();
    sendReadBeacon();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

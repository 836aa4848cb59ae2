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

  function ready() {
    revealEmails();
    enhanceReplyLinks();
    sendReadBeacon();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

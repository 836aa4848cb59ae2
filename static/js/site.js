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

  function ready() {
    revealEmails();
    sendReadBeacon();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

// Starts the rasa-webchat widget against this page's own gateway (socket.io at /socket.io/).
// Add ?chat=open to the URL to open the chat on load (demos and browser tests).
(function () {
  "use strict";

  if (!window.WebChat || typeof window.WebChat.default !== "function") {
    document.getElementById("chat-unavailable").hidden = false;
    return;
  }

  window.WebChat.default(
    {
      socketUrl: window.location.origin,
      socketPath: "/socket.io/",
      customData: { language: "en" },
      initPayload: "/greet",
      title: "Byte Bazaar support",
      subtitle: "Orders and back-orders",
      inputTextFieldHint: "Ask about your order…",
      // The session lives as long as the tab: a shared computer does not keep the next person in
      // a verified conversation (a reload keeps it).
      params: { storage: "session" },
      showMessageDate: true,
      // The widget pretends to type each message for up to 3 s by default; an order answer is
      // several messages, so keep the pause short.
      customMessageDelay: function (message) {
        return Math.min(1200, 250 + message.length * 4);
      },
      embedded: false,
      showFullScreenButton: false,
      displayUnreadCount: true,
      mainColor: "#1f4e79",
      userBackgroundColor: "#1f4e79",
      userTextColor: "#ffffff",
    },
    null
  );

  if (new URLSearchParams(window.location.search).get("chat") === "open") {
    // The launcher appears once the socket is connected; open the chat unless already open.
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      if (document.querySelector(".rw-conversation-container")) {
        window.clearInterval(timer);
        return;
      }
      var launcher = document.querySelector(".rw-launcher");
      if (launcher) {
        launcher.click();
        window.clearInterval(timer);
      } else if (tries > 100) {
        window.clearInterval(timer);
      }
    }, 100);
  }
})();

// Starts the rasa-webchat widget against this page's own gateway (socket.io at /socket.io/).
// Add ?chat=open to the URL to open the chat on load (demos and browser tests).
// The widget speaks the page's language (<html lang>: "en" at /, "tr" at /tr/) and tells the bot
// through customData.language, which the gateway passes to Rasa with every message.
(function () {
  "use strict";

  var WORDS = {
    en: {
      title: "Byte Bazaar support",
      subtitle: "Orders and back-orders",
      inputTextFieldHint: "Ask about your order…",
      connectingText: "Connecting…",
    },
    tr: {
      title: "Byte Bazaar destek",
      subtitle: "Siparişler ve tedarik bekleyen ürünler",
      inputTextFieldHint: "Siparişinizle ilgili sorunuzu yazın…",
      connectingText: "Bağlanıyor…",
    },
  };
  var language = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  if (!WORDS[language]) language = "en";
  var words = WORDS[language];
  // Message times as the page's readers write them: "1:24 PM" (en), "13:24" (tr); the day too
  // when it is not today. (The widget's own formatter is English only.)
  var locale = language === "tr" ? "tr-TR" : "en-US";
  function messageDate(timestamp) {
    var at = new Date(timestamp);
    var today = new Date().toDateString() === at.toDateString();
    // Turkish writes the hour with two digits ("09:05"); English doesn't ("9:05 AM").
    var hour = language === "tr" ? "2-digit" : "numeric";
    var time = at.toLocaleTimeString(locale, { hour: hour, minute: "2-digit" });
    return today ? time : at.toLocaleDateString(locale) + " " + time;
  }

  if (!window.WebChat || typeof window.WebChat.default !== "function") {
    document.getElementById("chat-unavailable").hidden = false;
    return;
  }

  window.WebChat.default(
    {
      socketUrl: window.location.origin,
      socketPath: "/socket.io/",
      customData: { language: language },
      initPayload: "/greet",
      title: words.title,
      subtitle: words.subtitle,
      inputTextFieldHint: words.inputTextFieldHint,
      connectingText: words.connectingText,
      // The session lives as long as the tab: a shared computer does not keep the next person in
      // a verified conversation (a reload keeps it).
      params: { storage: "session" },
      showMessageDate: messageDate,
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

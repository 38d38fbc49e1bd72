"""Customer channels: each turns its platform's events into `Router.route()` calls and renders
the replies natively."""

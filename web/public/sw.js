// DermLink service worker: shows web push notifications. The server sends only
// a title, "something is waiting for you" and a link inside DermLink: never a
// patient's name or clinical content. Clicking opens (or focuses) DermLink there.
self.addEventListener('push', (event) => {
  let message = { title: 'DermLink', body: '', url: '/notifications' };
  try {
    message = { ...message, ...(event.data ? event.data.json() : {}) };
  } catch {
    // keep the defaults
  }
  const url = typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/notifications';
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      icon: '/favicon.svg',
      tag: 'dermlink',
      renotify: true,
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/notifications', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (new URL(w.url).origin === self.location.origin && 'focus' in w) {
          w.navigate(url);
          return w.focus();
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});

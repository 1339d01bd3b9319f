// The dashboard's server API (apps/crypto_viz/README.md, "Dashboard API"): JSON endpoints under
// api/ relative to the page (/crypto/), and the server-sent event stream api/stream.

export async function getJson(endpoint, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`api/${endpoint}${query ? `?${query}` : ''}`, { cache: 'no-store' });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = (await response.json()).error || message;
    } catch (_) { /* not JSON */ }
    throw new Error(`api/${endpoint}: ${message}`);
  }
  return response.json();
}

// Opens the event stream; `handlers` maps event names to functions of the parsed data.
// onOpen/onError report the connection state (the browser reconnects by itself).
export function openStream(handlers, onOpen, onError) {
  const source = new EventSource('api/stream');
  for (const [name, handle] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => {
      try {
        handle(JSON.parse(event.data));
      } catch (error) {
        console.error(`stream event ${name}:`, error);
      }
    });
  }
  source.onopen = onOpen;
  source.onerror = onError;
  return source;
}

/** The Sidecar wordmark used at the top of every page. */
export function Brand() {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">S</span>
      <span>Sidecar</span>
    </div>
  );
}

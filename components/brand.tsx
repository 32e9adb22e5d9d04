/** The Sidecar wordmark at the top of every page: the page's level-one heading (what each page shows is a level-two heading). */
export function Brand() {
  return (
    <h1 className="brand">
      <span className="brand-mark" aria-hidden="true">S</span>
      <span>Sidecar</span>
    </h1>
  );
}

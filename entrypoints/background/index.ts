import { defineBackground } from '#imports';

export default defineBackground(() => {
  // Wiring is added by registerX() calls; see lib/.
});

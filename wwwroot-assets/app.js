// Counts real user input (not live updates) as session activity: at most one call a minute to the circuit,
// which slides the server-side idle timeout (Access:IdleTimeout). See MainLayout.razor.
window.dashboardActivity = {
  watch(dotnet) {
    let last = Date.now();
    const seen = () => {
      const now = Date.now();
      if (now - last < 60000) return;
      last = now;
      dotnet.invokeMethodAsync('UserActive').catch(() => { });
    };
    for (const name of ['pointerdown', 'keydown', 'wheel', 'touchstart'])
      document.addEventListener(name, seen, { passive: true, capture: true });
  }
};

using Dashboard.Web.Hosting;

// The whole composition is in Hosting/DashboardApp.cs, so tests build the same app. Disposed on the way out so the
// console logger flushes what it queued (an "Invalid configuration" line must not be lost when the start is refused).
await using var app = DashboardApp.Build(args);
return await DashboardApp.RunAsync(app);

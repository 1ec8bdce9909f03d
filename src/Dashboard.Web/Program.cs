using Dashboard.Web.Hosting;

// The whole composition is in Hosting/DashboardApp.cs, so tests build the same app.
var app = DashboardApp.Build(args);
return await DashboardApp.RunAsync(app);


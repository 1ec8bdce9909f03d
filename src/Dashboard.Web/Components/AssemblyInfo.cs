using System.Runtime.CompilerServices;

// bUnit tests read a component's internal state where waiting on it beats sleeping (NamespacesTab.RefreshTicks).
[assembly: InternalsVisibleTo("Dashboard.Web.Components.Tests")]

using System.Runtime.CompilerServices;

// The Docker API's pure helpers (time formats, query parsing, request mapping) are unit-tested directly.
[assembly: InternalsVisibleTo("Dashboard.Web.Tests")]

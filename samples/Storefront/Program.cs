using EngagementGrains.Client;
using Storefront;
using Storefront.Pages;

// A shop's own web server: it tracks every page view through the client library and shows a banner
// to visitors in a segment. --postgres and --cluster-id are the cluster's, as local-cluster.sh prints them.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, StorefrontOptions.Switches);
builder.AddEngagementGrainsClient();
builder.Services.AddOptions<StorefrontOptions>().BindConfiguration(StorefrontOptions.SectionName);

var app = builder.Build();
app.MapStorefrontPages();
app.Run();

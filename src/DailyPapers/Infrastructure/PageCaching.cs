using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Infrastructure;

/// <summary>
/// Compression (Brotli, gzip), the output cache of <see cref="PublicContentAttribute"/> responses for signed-out
/// visitors, and content ETags with 304s for them. Signed-in requests are never served from nor stored in the cache.
/// </summary>
public static class PageCaching
{
    /// <summary>
    /// The Cache-Control of a response stored in the output cache: the same for every signed-out visitor. Browsers
    /// and proxies cannot be told of an eviction, so they keep it a minute whatever the server's own lifetime.
    /// </summary>
    public const string PublicCacheControl = "public, max-age=60";

    public static IServiceCollection AddPageCaching(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // BREACH needs a secret repeated in every response; antiforgery tokens are re-masked on each one.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes
                .Concat(["application/rss+xml", "application/atom+xml", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<InstanceOptions>>((options, instance) =>
            options.AddBasePolicy(new PublicContentPolicy(TimeSpan.FromSeconds(instance.Value.PageCacheSeconds))));
        services.AddSingleton<SharedReads>();
        services.AddScoped<PageCache>();
        services.AddHostedService<PageCacheListener>();
        return services;
    }

    /// <summary>After authentication (the cache must know who asks) and before the endpoints.</summary>
    public static IApplicationBuilder UsePageCaching(this IApplicationBuilder app)
    {
        // The cache sits outside compression, so a hit costs no compression work; it varies by Accept-Encoding.
        app.UseOutputCache();
        app.UseResponseCompression();
        app.Use(ContentETagAsync);
        return app;
    }

    private static bool IsPublicContent(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<PublicContentAttribute>() is not null;

    /// <summary>A GET or HEAD by a signed-out visitor without an API token: the same answer for everyone.</summary>
    private static bool IsAnonymousRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && string.IsNullOrEmpty(context.Request.Headers.Authorization)
        && context.User.Identity?.IsAuthenticated != true;

    /// <summary>
    /// A weak ETag from the body's hash (weak: the same for every encoding of it), and 304 when the client has it.
    /// Hits of the output cache answer If-None-Match from the stored ETag without coming here. Signed-in pages carry
    /// fresh antiforgery tokens, so they would never match: they are not buffered.
    /// </summary>
    private static async Task ContentETagAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !IsAnonymousRead(context) || !IsPublicContent(context))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var etag = new EntityTagHeaderValue("\"" + Convert.ToBase64String(hash, 0, 16) + "\"", isWeak: true);
            context.Response.Headers.ETag = etag.ToString();
            var known = context.Request.GetTypedHeaders().IfNoneMatch;
            if (known.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(etag, useStrongComparison: false)))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        // An empty error leaves the response untouched, so the status code page can still fill it.
        if (buffer.Length == 0) return;
        MarkPublic(context.Response);
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// What the output cache keeps (the same tests as <see cref="PublicContentPolicy.ServeResponseAsync"/>), browsers
    /// and proxies may keep too, for a minute. A signed-in request carries a cookie and gets another page:
    /// Vary: Cookie.
    /// </summary>
    private static void MarkPublic(HttpResponse response)
    {
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0
            || !string.IsNullOrEmpty(response.Headers.CacheControl))
            return;
        response.Headers.CacheControl = PublicCacheControl;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Cookie);
    }

    /// <param name="lifetime">A safety net for changes no writer announced
    /// (<see cref="InstanceOptions.PageCacheSeconds"/>).</param>
    private sealed class PublicContentPolicy(TimeSpan lifetime) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            if (!IsPublicContent(http)) return ValueTask.CompletedTask;
            var anonymous = IsAnonymousRead(http);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = anonymous;
            context.AllowCacheStorage = anonymous;
            context.AllowLocking = true;
            context.CacheVaryByRules.VaryByHost = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
            context.ResponseExpirationTimeSpan = lifetime;
            context.Tags.Add(PageCache.Tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) =>
            ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            // Nothing personal (a cookie, an antiforgery token's no-store) is ever stored, whatever the endpoint says.
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0
                || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
            {
                context.AllowCacheStorage = false;
            }
            return ValueTask.CompletedTask;
        }
    }
}

using DailyPapers.Data;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace DailyPapers.Features.Accounts;

public static class AccountsFeature
{
    /// <summary>ASP.NET Core Identity on the project's database (cookie sign-in, hashed passwords, roles), and API
    /// tokens.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountsOptions>().Bind(configuration.GetSection(AccountsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.SignIn.IsValid && o.SignUp.IsValid,
                "Accounts:SignIn and SignUp need PermitLimit and WindowSeconds of at least 1.")
            .ValidateOnStart();
        services.AddWriteRateLimit<AccountsOptions>(AccountLimits.SignIn, o => o.SignIn);
        services.AddWriteRateLimit<AccountsOptions>(AccountLimits.SignUp, o => o.SignUp);
        services.AddIdentity<User, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = UserNames.AllowedCharacters;
                options.SignIn.RequireConfirmedEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                PasswordRules.Apply(options.Password);
            })
            .AddEntityFrameworkStores<AppDb>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "dailypapers.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/error/403";
            Sessions.Configure(options);
        });
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokens.Scheme, null)
            .AddPolicyScheme(ApiTokens.CookieOrTokenScheme, null, options => options.ForwardDefaultSelector =
                context => ApiTokens.IsTokenRequest(context) ? ApiTokens.Scheme : IdentityConstants.ApplicationScheme);
        // A token is the user on the API endpoints that take tokens (before the rate limiter, which counts per user);
        // everywhere else, pages and site forms, only the cookie is: a leaked token is not a session.
        services.Configure<AuthenticationOptions>(options => options.DefaultAuthenticateScheme =
            ApiTokens.CookieOrTokenScheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.CuratorPolicy, policy => policy.RequireRole(Roles.Curator, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(ApiTokens.WritePolicy,
                policy => policy.AddAuthenticationSchemes(ApiTokens.Scheme).RequireAuthenticatedUser());
        services.AddScoped<AccountEmails>();
        services.AddScoped<PasswordWork>();
        services.AddScoped<AccountDeletion>();
        services.AddSingleton<ReaderActivity>();
        return services;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapWhoAmI();
        return app;
    }
}

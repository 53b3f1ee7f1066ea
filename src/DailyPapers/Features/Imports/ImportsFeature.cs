namespace DailyPapers.Features.Imports;

public static class ImportsFeature
{
    public static IServiceCollection AddImports(this IServiceCollection services) => services.AddScoped<PaperImporter>();
}

namespace Dashboard.EndToEnd.Tests;

/// <summary>Browser tests need root (the real daemon runs containers), runc, conmon, busybox and Debian's Chromium.
/// <see cref="Require"/> skips the test when a piece is missing (it is a [SkippableFact]) and fails it under CI=true.</summary>
public static class Prerequisites
{
    public const string Chromium = "/usr/bin/chromium";

    public static bool InCi => TestSupport.Prerequisites.InCi;

    public static void Require() => TestSupport.Prerequisites.Require(Missing(), "a browser");

    private static string? Missing() =>
        TestSupport.Prerequisites.Root()
        ?? (File.Exists(Chromium) ? null : $"{Chromium} is not installed (docker-less-setup/install.sh --with-tests)")
        ?? TestSupport.Prerequisites.Tool("runc") ?? TestSupport.Prerequisites.Tool("conmon") ?? TestSupport.Prerequisites.Busybox();
}

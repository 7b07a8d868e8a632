namespace Bidding.Engine.Campaigns;

public enum CampaignStatus
{
    Active,
    Paused,
    Archived,
}

public enum GoalType
{
    /// <summary>Pay per thousand impressions; the target is the CPM to pay.</summary>
    Cpm,
    /// <summary>Pay per click; the target is the cost per click.</summary>
    Cpc,
    /// <summary>Pay per acquisition (conversion); the target is the cost per conversion.</summary>
    Cpa,
    /// <summary>Return on ad spend: <see cref="Goal.TargetRoas"/> of conversion value per unit spent.</summary>
    Roas,
}

/// <summary>The shape of the daily target spend curve.</summary>
public enum PacingCurve
{
    /// <summary>The same share of the daily budget every minute of the campaign's day.</summary>
    Even,
    /// <summary>Shaped like the campaign's observed traffic by hour of day (even until a day has been observed).</summary>
    Traffic,
}

public enum FrequencyPeriod
{
    Hour,
    Day,
}

/// <summary>At most <see cref="Impressions"/> per user per UTC hour or day.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.FrequencyCap")]
public sealed class FrequencyCap
{
    public int Impressions { get; set; }
    public FrequencyPeriod Period { get; set; } = FrequencyPeriod.Day;
}

/// <summary>What the campaign buys for and the price it aims at, in micros of the campaign currency.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.Goal")]
public sealed class Goal
{
    public GoalType Type { get; set; } = GoalType.Cpm;

    /// <summary>The CPM, CPC or CPA aimed at (unused for ROAS).</summary>
    public long TargetMicros { get; set; }

    /// <summary>For ROAS goals: conversion value wanted per unit spent (4 = 400%).</summary>
    public double? TargetRoas { get; set; }

    /// <summary>For ROAS goals: the value of a conversion to assume until conversions report their own.</summary>
    public long? ConversionValueMicros { get; set; }
}

/// <summary>A line of buying: budget, flight, goal, bid cap and targeting. Money is in micros of <see cref="Currency"/>.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.Campaign")]
public sealed class Campaign : IDefinition
{
    public string Id { get; set; } = "";
    public string AdvertiserId { get; set; } = "";
    public string Name { get; set; } = "";
    public CampaignStatus Status { get; set; } = CampaignStatus.Active;
    public DateTimeOffset? Start { get; set; }
    public DateTimeOffset? End { get; set; }
    /// <summary>IANA time zone for day-parting and daily budgets.</summary>
    public string TimeZone { get; set; } = "UTC";
    public string Currency { get; set; } = "USD";
    public long DailyBudgetMicros { get; set; }
    public long TotalBudgetMicros { get; set; }
    public Goal Goal { get; set; } = new();
    public long MaxBidMicros { get; set; }

    /// <summary>How the daily budget is spread over the campaign's day.</summary>
    public PacingCurve Pacing { get; set; } = PacingCurve.Even;

    /// <summary>Impressions per user (by user.id, buyeruid or device.ifa); null for no cap.</summary>
    public FrequencyCap? FrequencyCap { get; set; }

    /// <summary>How many days after the bid a conversion is attributed; null for the default (Tracking:ConversionWindow).</summary>
    public int? ConversionWindowDays { get; set; }
    public Targeting Targeting { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Increases with every stored change; set by the owning grain, ignored on input.</summary>
    public long Revision { get; set; }
}

namespace Bidding.Orleans.Tests.Streams;

internal interface IRecorderGrain : IGrainWithStringKey
{
    Task PingAsync();
}

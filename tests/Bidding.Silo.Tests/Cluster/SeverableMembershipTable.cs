using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// The silo's membership table (Orleans' ADO.NET one, from the silo's profile) behind a switch: once severed, nothing
/// the silo writes reaches the table any more. The writes are reported done, so the silo's own shutdown does not wait
/// on them; its peers never see them, as for a process that died. (A TestingHost "kill", a host stop with a cancelled
/// token, otherwise still records the silo as stopping and then dead, and its peers would read of its end instead of
/// noticing it.)
/// </summary>
internal sealed class SeverableMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private volatile bool _severed;

    /// <summary>Wraps the membership table registered (call when the services are complete).</summary>
    public static void Install(IServiceCollection services)
    {
        var index = services.Count - 1;
        while (index >= 0 && (services[index].ServiceType != typeof(IMembershipTable) || services[index].IsKeyedService))
            index--;
        if (index < 0)
            throw new InvalidOperationException("No membership table is registered to wrap.");
        var registered = services[index];
        services[index] = ServiceDescriptor.Singleton<IMembershipTable>(sp => sp.GetRequiredService<SeverableMembershipTable>());
        services.AddSingleton(sp => new SeverableMembershipTable(Create(sp, registered)));
    }

    private static IMembershipTable Create(IServiceProvider services, ServiceDescriptor registered) =>
        (IMembershipTable)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));

    /// <summary>The table wrapped.</summary>
    public IMembershipTable Inner => inner;

    public void Sever() => _severed = true;

    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default) =>
        _severed ? Task.CompletedTask : inner.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default) =>
        _severed ? Task.CompletedTask : inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) =>
        _severed ? Task.CompletedTask : inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default) =>
        inner.ReadRowAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) =>
        inner.ReadAllAsync(cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
        _severed ? Task.FromResult(true) : inner.InsertRowAsync(entry, tableVersion, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default) =>
        _severed ? Task.FromResult(true) : inner.UpdateRowAsync(entry, etag, tableVersion, cancellationToken);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default) =>
        _severed ? Task.CompletedTask : inner.UpdateIAmAliveAsync(entry, cancellationToken);

    // Orleans' older, token-less members, kept by the interface.
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key);

    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync();

    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);
}

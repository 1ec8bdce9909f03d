using System.Reflection;
using System.Reflection.Emit;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.Tests.Actions;

/// <summary>
/// No page or control authorizes, acts or audits by hand: none of the UI's code (lambdas and async state machines
/// included) calls a role check, the audit log, or a method of the engine, the image store or the account service that
/// changes something. Those calls belong to <see cref="UiActions"/>, so that every action a page offers is authorized
/// against the circuit's user and audited the same way. Read from the compiled IL of Dashboard.Web.Components.*.
/// </summary>
public sealed class ComponentsActThroughUiActionsTests
{
    private static readonly (Type Type, string[] Methods)[] ForUiActionsOnly =
    [
        (typeof(Roles), [nameof(Roles.Allows)]),
        (typeof(IAuditLog), [nameof(IAuditLog.RecordAsync)]),
        (typeof(AuditLogExtensions), [nameof(AuditLogExtensions.RecordAsync)]),
        (typeof(IContainerEngine), ["CreateAsync", "StartAsync", "StopAsync", "RestartAsync", "KillAsync", "PauseAsync", "UnpauseAsync", "RemoveAsync", "UpdateLimitsAsync"]),
        (typeof(IImageService), ["LoadAsync", "ImportAsync", "RemoveAsync"]),
        (typeof(AccessService), ["CreateUserAsync", "SetRoleAsync", "SetPasswordAsync", "DeleteUserAsync", "CreateTokenAsync", "RevokeTokenAsync"]),
    ];

    [Fact]
    public void Components_call_no_role_check_audit_or_state_changing_engine_method()
    {
        var assembly = typeof(UiActions).Assembly;
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Dashboard.Web.Components", StringComparison.Ordinal) == true))
        foreach (var method in type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (method.GetMethodBody()?.GetILAsByteArray() is not { } il) continue;
            scanned++;
            foreach (var called in CalledMethods(method.Module, il))
                if (ForUiActionsOnly.Any(f => f.Type == called.DeclaringType && f.Methods.Contains(called.Name)))
                    offenders.Add($"{type.FullName}.{method.Name} calls {called.DeclaringType!.Name}.{called.Name}");
        }
        Assert.True(scanned > 200, $"only {scanned} method bodies were read");
        Assert.True(offenders.Count == 0, "Act through UiActions instead:\n" + string.Join("\n", offenders.Distinct()));
    }

    /// <summary>The targets of call and callvirt instructions, read by walking the IL opcode by opcode.</summary>
    private static IEnumerable<MethodBase> CalledMethods(Module module, byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            OpCode code;
            if (il[position] == 0xFE) { code = TwoByte[il[position + 1]]; position += 2; }
            else { code = OneByte[il[position]]; position += 1; }
            var operandSize = OperandSize(code, il, position);
            if ((code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj || code == OpCodes.Ldftn) && TryResolve(module, BitConverter.ToInt32(il, position)) is { } target)
                yield return target;
            position += operandSize;
        }
    }

    private static MethodBase? TryResolve(Module module, int token)
    {
        try { return module.ResolveMethod(token); }
        catch (ArgumentException) { return null; } // a generic context the resolver cannot see without the instantiation
    }

    private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static ComponentsActThroughUiActionsTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (value < 0x100) OneByte[value] = code;
            else if ((value & 0xFF00) == 0xFE00) TwoByte[value & 0xFF] = code;
        }
    }
}

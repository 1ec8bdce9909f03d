namespace Dashboard.Engine.Spec.Validation;

/// <summary>Collects every field error of one request so the user sees them all at once.</summary>
internal sealed class ValidationErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new ValidationException(_errors.ToArray());
    }
}

using System.Text;

namespace Bidding.Engine.Models.Training;

/// <summary>Reads a CSV file with a header row: fields split on commas, double quotes for fields that contain them.</summary>
internal static class CsvRows
{
    public static IEnumerable<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() is { } first ? Split(first) : throw new InvalidDataException($"{path} is empty");
        string? line;
        var number = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0)
                continue;
            var values = Split(line);
            if (values.Count != header.Count)
                throw new InvalidDataException($"{path}:{number}: {values.Count} fields, the header has {header.Count}");
            var row = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
                row[header[i]] = values[i];
            yield return row;
        }
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}

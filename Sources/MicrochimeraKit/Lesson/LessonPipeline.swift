/// The teaching page's pipeline (`answer`, `download`: the COMPUTE part of
/// issue 22; `controls`, `edit`, `validate`: LessonPipeline+Story.swift).
///
/// Placeholder so that the story part builds on its own branch: at the
/// merge, the COMPUTE part's LessonPipeline.swift replaces this file.
public enum LessonPipeline {}

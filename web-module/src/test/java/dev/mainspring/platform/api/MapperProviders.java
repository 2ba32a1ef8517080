package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Providers;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Providers that know the application's exception mappers and nothing else. Like the JAX-RS
 * runtime, it answers with the mapper registered for the nearest superclass of the exception.
 */
final class MapperProviders implements Providers {

  private final Map<Class<?>, ExceptionMapper<?>> mappers;

  MapperProviders() {
    this.mappers =
        Map.of(
            MainspringException.class, new MainspringExceptionMapper(),
            ConstraintViolationException.class, new ConstraintViolationMapper(),
            OptimisticLockException.class, new OptimisticLockMapper(),
            ProcessingException.class, new MalformedJsonMapper(),
            WebApplicationException.class, new WebApplicationExceptionMapper(),
            EJBException.class, new EjbExceptionMapper(this),
            Throwable.class, new UnexpectedExceptionMapper());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Throwable> ExceptionMapper<T> getExceptionMapper(Class<T> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      ExceptionMapper<?> mapper = mappers.get(c);
      if (mapper != null) {
        return (ExceptionMapper<T>) mapper;
      }
    }
    return null;
  }

  @Override
  public <T> MessageBodyReader<T> getMessageBodyReader(
      Class<T> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return null;
  }

  @Override
  public <T> MessageBodyWriter<T> getMessageBodyWriter(
      Class<T> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return null;
  }

  @Override
  public <T> ContextResolver<T> getContextResolver(Class<T> contextType, MediaType mediaType) {
    return null;
  }
}
